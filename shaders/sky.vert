// The sky: a full-screen quad behind everything. Each corner's view ray is recovered from the inverse
// view-projection, so the gradient follows the horizon in perspective, orthographic and tiled views.
#version 130

out vec3 v_ray;

void main()
{
    vec2 ndc = gl_Vertex.xy;
    vec4 nearPoint = gl_ModelViewProjectionMatrixInverse * vec4(ndc, -1.0, 1.0);
    vec4 farPoint = gl_ModelViewProjectionMatrixInverse * vec4(ndc, 1.0, 1.0);
    v_ray = farPoint.xyz / farPoint.w - nearPoint.xyz / nearPoint.w;
    gl_Position = vec4(ndc, 0.0, 1.0);
}
