// Point features as pins: a pole (a_pinT 0 at the foot, 1 at the top) and a round head drawn as a
// point sprite at the top. The top vertex comes on the roof the pin stands over (z = the roof's
// height; 0 on open ground) and is lifted by a constant share of its distance to the eye, so pins
// read the same size at any zoom and their heads show above the roofs. The head's diameter is a
// share of the whole image's height, so a 720p window and an 8K still look alike.
#version 130

in float a_featureId;
in float a_pinT;

uniform sampler2D u_featureTable;
uniform int u_selectedId;
uniform float u_pinHeight;      // pole height as a fraction of the eye distance
uniform float u_headShare;      // head diameter as a share of the image height
uniform float u_selectedScale;  // the selected pin's head is this much larger
uniform float u_imageHeight;    // pixels of the whole image (not of a tile of it)

out vec4 v_color;
out float v_selected;
out float v_pointSize;

const int kTableWidth = 1024;

void main()
{
    int id = int(a_featureId + 0.5);
    v_color = texelFetch(u_featureTable, ivec2(id % kTableWidth, id / kTableWidth), 0);
    v_selected = (id == u_selectedId) ? 1.0 : 0.0;
    vec4 base = gl_ModelViewMatrix * gl_Vertex;
    vec4 position = gl_Vertex;
    position.z += a_pinT * u_pinHeight * length(base.xyz);
    gl_PointSize = (v_selected > 0.5 ? u_selectedScale : 1.0) * u_headShare * u_imageHeight;
    v_pointSize = gl_PointSize;
    gl_Position = gl_ModelViewProjectionMatrix * position;
}
