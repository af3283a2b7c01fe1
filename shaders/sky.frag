// Sky gradient by the elevation of the view ray: haze at the horizon, blue towards the zenith.
#version 130

in vec3 v_ray;

uniform vec3 u_hazeColor;
uniform vec3 u_zenithColor;

void main()
{
    float elevation = normalize(v_ray).z;
    float t = pow(clamp(elevation, 0.0, 1.0), 0.45);
    gl_FragColor = vec4(mix(u_hazeColor, u_zenithColor, t), 1.0);
}
