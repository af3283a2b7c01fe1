// The ground plane (z = 0), a large quad under the data.
#version 130

out vec2 v_xy;
out float v_eyeDistance;

void main()
{
    v_xy = gl_Vertex.xy;
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    // Haze stands for distance in perspective; an orthographic view (a map) has none.
    bool orthographic = gl_ProjectionMatrix[3][3] > 0.5;
    v_eyeDistance = orthographic ? 0.0 : length(eye.xyz);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
