// The ground plane (z = 0), a large quad under the data.
#version 130

out vec2 v_xy;
out vec3 v_eye;            // eye-space position: its length is the distance (interpolating the
                           // distance itself across this huge quad would be wrong)
flat out int v_orthographic;
out vec4 v_shadowCoord;    // where the point falls in the sun's shadow map (see SunLighting.h)

void main()
{
    v_xy = gl_Vertex.xy;
    v_eye = (gl_ModelViewMatrix * gl_Vertex).xyz;
    // Haze stands for distance in perspective; an orthographic view (a map) has none.
    v_orthographic = gl_ProjectionMatrix[3][3] > 0.5 ? 1 : 0;
    vec4 eye = gl_ModelViewMatrix * gl_Vertex;
    v_shadowCoord = vec4(dot(eye, gl_EyePlaneS[1]), dot(eye, gl_EyePlaneT[1]), dot(eye, gl_EyePlaneR[1]), dot(eye, gl_EyePlaneQ[1]));
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
