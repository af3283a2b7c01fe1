// Boundary walls (e.g. planning platforms): translucent vertical curtains along a polygon's rings.
// a_wallT is 0 at the foot of the wall and 1 at its top.
#version 130

in float a_featureId;
in float a_wallT;

uniform sampler2D u_featureTable;
uniform int u_selectedId;

out vec4 v_color;
out float v_t;
out float v_selected;

const int kTableWidth = 1024;

void main()
{
    int id = int(a_featureId + 0.5);
    v_color = texelFetch(u_featureTable, ivec2(id % kTableWidth, id / kTableWidth), 0);
    v_selected = (id == u_selectedId) ? 1.0 : 0.0;
    v_t = a_wallT;
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
