// The ground: a pale paper colour with a faint 100 m / 1 km grid that fades out where it would
// shimmer, and haze towards the sky colour with distance so the plane's edge never shows.
#version 130

in vec2 v_xy;
in vec3 v_eye;
flat in int v_orthographic;

uniform vec3 u_groundColor;
uniform vec3 u_hazeColor;
uniform float u_hazeDistance;     // metres at which the ground is half hazed
uniform float u_gridOpacity;      // 0 disables the grid

float gridLine(float spacing)
{
    vec2 cell = v_xy / spacing;
    vec2 width = fwidth(cell);
    vec2 distanceToLine = abs(fract(cell - 0.5) - 0.5) / max(width, vec2(1e-6));
    float line = 1.0 - clamp(min(distanceToLine.x, distanceToLine.y), 0.0, 1.0);
    // Lines closer together than ~6 pixels would alias: fade them out.
    float density = max(width.x, width.y);
    return line * (1.0 - smoothstep(0.08, 0.2, density));
}

void main()
{
    float distance = v_orthographic == 1 ? 0.0 : length(v_eye);
    float haze = 1.0 - exp(-0.693 * distance / u_hazeDistance);
    // Lines seen at a grazing angle alias into bands: the grid fades out into the haze first.
    float grid = max(gridLine(100.0) * 0.5, gridLine(1000.0)) * (1.0 - smoothstep(0.1, 0.35, haze));
    vec3 rgb = mix(u_groundColor, u_groundColor * 0.88, grid * u_gridOpacity);
    gl_FragColor = vec4(mix(rgb, u_hazeColor, clamp(haze, 0.0, 1.0)), 1.0);
}
