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
uniform vec4 u_sun;               // towards the sun (scene frame); w = 1 when the view has a sun
uniform float u_daylight;         // 1 by day, fading to 0 at night
uniform float u_sunShadow;        // 1 when the sun casts shadows (its map is bound)
uniform sampler2DShadow u_shadowMap;
in vec4 v_shadowCoord;

const float kShadowShade = 0.62;  // what a surface in shadow keeps of its colour (the sky's light)

// How much of the sun reaches this point, 0..1: soft-edged (3×3 samples, each filtered 2×2).
// Outside the map (beyond what the camera sees) counts as lit.
float sunlit()
{
    if (u_sunShadow < 0.5) return 1.0;
    vec3 c = v_shadowCoord.xyz / v_shadowCoord.w;
    if (c.x <= 0.0 || c.x >= 1.0 || c.y <= 0.0 || c.y >= 1.0) return 1.0;
    // The map's depth range spans the casters only: what lies beyond it lies behind them all.
    c.z = min(c.z, 0.99999);
    vec2 texel = 1.0 / vec2(textureSize(u_shadowMap, 0));
    float sum = 0.0;
    for (int i = -1; i <= 1; ++i)
        for (int j = -1; j <= 1; ++j) sum += texture(u_shadowMap, vec3(c.xy + vec2(i, j) * texel, c.z - 0.0002));
    return sum / 9.0;
}

// Night dims and cools every colour.
vec3 underSky(vec3 rgb)
{
    return rgb * mix(vec3(0.30, 0.34, 0.48), vec3(1.0), u_daylight);
}

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
    if (u_sun.w > 0.5) rgb *= u_sun.z > 0.0 ? mix(kShadowShade, 1.0, sunlit()) : kShadowShade;
    gl_FragColor = vec4(underSky(mix(rgb, u_hazeColor, clamp(haze, 0.0, 1.0))), 1.0);
}
