// Height-limit envelopes (控规盒子): translucent boxes at each parcel's height limit, and their edges.
// a_exceeded is 1 on the box of a parcel whose building breaks its height limit, else 0.
#version 130

in float a_exceeded;

uniform float u_outline;   // 1 for the edges

flat out vec3 v_normal;   // a triangle's last vertex's: walls share their top vertices with the lid
out float v_exceeded;

void main()
{
    v_normal = gl_Normal;
    v_exceeded = a_exceeded;
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
    // Edges lie on faces (the lid's outline on the walls of a building that breaks it): a hair
    // nearer the eye than they are, so they are drawn whole rather than in dashes.
    gl_Position.z -= u_outline * 2e-6 * gl_Position.w;
}
