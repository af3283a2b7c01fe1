// Sky gradient by the elevation of the view ray: haze at the horizon, blue towards the zenith.
#version 130

in vec3 v_ray;

uniform vec3 u_hazeColor;
uniform vec3 u_zenithColor;
uniform float u_daylight;         // 1 by day, fading to 0 at night (see SunLighting.h)

void main()
{
    float elevation = normalize(v_ray).z;
    float t = pow(clamp(elevation, 0.0, 1.0), 0.45);
    gl_FragColor = vec4(mix(u_hazeColor, u_zenithColor, t) * mix(vec3(0.22, 0.26, 0.40), vec3(1.0), u_daylight), 1.0);
}
