// Point features as pins: a pole (a_pinT 0 at the foot, 1 at the top) and a round head drawn as a
// point sprite at the top. The pole's height is a constant share of the distance to the eye, so
// pins read the same size at any zoom.
#version 130

in float a_featureId;
in float a_pinT;

uniform sampler2D u_featureTable;
uniform int u_selectedId;
uniform float u_pinHeight;      // pole height as a fraction of the eye distance
uniform float u_headSize;       // head diameter in pixels

out vec4 v_color;
out float v_selected;

const int kTableWidth = 1024;

void main()
{
    int id = int(a_featureId + 0.5);
    v_color = texelFetch(u_featureTable, ivec2(id % kTableWidth, id / kTableWidth), 0);
    v_selected = (id == u_selectedId) ? 1.0 : 0.0;
    vec4 base = gl_ModelViewMatrix * gl_Vertex;
    vec4 position = gl_Vertex;
    position.z += a_pinT * u_pinHeight * length(base.xyz);
    gl_PointSize = (v_selected > 0.5 ? 1.4 : 1.0) * u_headSize;
    gl_Position = gl_ModelViewProjectionMatrix * position;
}
