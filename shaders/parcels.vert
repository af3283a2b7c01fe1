// Feature surfaces: extruded parcels (roofs and walls), flat polygons and line ribbons.
// Scene geometry is never transformed (model matrix = identity), so gl_Vertex and gl_Normal are in
// scene metres; each vertex carries the index of its feature, which looks up the feature's colour
// and state in the layer's feature table (one RGBA texel per feature, alpha 0 = hidden).
#version 130

in float a_featureId;

uniform sampler2D u_featureTable;
uniform int u_selectedId;        // feature index to highlight, -1 for none

out vec4 v_color;
flat out vec3 v_normal;   // a triangle's last vertex's: walls share their vertices with roofs
out float v_height;
out float v_selected;
out vec4 v_shadowCoord;   // where the vertex falls in the sun's shadow map (see SunLighting.h)

const int kTableWidth = 1024;

void main()
{
    int id = int(a_featureId + 0.5);
    v_color = texelFetch(u_featureTable, ivec2(id % kTableWidth, id / kTableWidth), 0);
    v_selected = (id == u_selectedId) ? 1.0 : 0.0;
    v_normal = gl_Normal;
    v_height = gl_Vertex.z;
    // The shadow map's texgen planes (osgShadow places them on texture unit 1, in eye space).
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    v_shadowCoord = vec4(dot(eye, gl_EyePlaneS[1]), dot(eye, gl_EyePlaneT[1]), dot(eye, gl_EyePlaneR[1]), dot(eye, gl_EyePlaneQ[1]));
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
