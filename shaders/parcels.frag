// Feature surfaces. Roofs and flat polygons keep the feature's exact style colour, as on a printed
// planning map (the top-view GeoTIFF relies on it); walls are shaded by their orientation to the
// light and darkened near the ground. The selected feature is hatched in the highlight colour.
#version 130

in vec4 v_color;
flat in vec3 v_normal;
in float v_height;
in float v_selected;

uniform float u_opacity;          // the layer's opacity, 0..1
uniform float u_compareSide;      // the compare swipe: -1 drawn left of its line, 1 right of it, 0 everywhere
uniform float u_swipe;            // the swipe's line, a share of the whole image's width
uniform float u_imageWidth;       // pixels of the whole image
uniform float u_tileOriginX;      // where the drawn tile begins in the whole image (0 untiled)
uniform vec3 u_lightDir;          // towards the light, scene frame (x east, y north, z up)
uniform vec3 u_highlightColor;
uniform float u_edge;             // 1 when drawing parcel edges: a darker shade of the feature colour
uniform vec4 u_edgeColor;         // the style's own outline colour (a QGIS symbol's); alpha 0 = the darker shade
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

void main()
{
    bool ownEdge = u_edge > 0.5 && u_edgeColor.a > 0.0;
    if (v_color.a < 0.004 && !ownEdge) discard;
    // Compared versions: each only on its side of the swipe (卷帘).
    if (u_compareSide * ((gl_FragCoord.x + u_tileOriginX) / u_imageWidth - u_swipe) < 0.0) discard;
    vec3 n = normalize(v_normal);
    float up = clamp(n.z, 0.0, 1.0);
    vec2 side = n.xy / max(length(n.xy), 1e-6);
    float facing = dot(side, normalize(u_lightDir.xy));
    float wall = 0.70 + 0.20 * facing;
    float groundShade = mix(0.78, 1.0, clamp(v_height / 12.0, 0.0, 1.0));
    // Ground that slopes (features draped on terrain) is shaded as a hillshade is, by its tilt towards
    // the light; level surfaces (roofs, flat ground) keep their colour.
    float relief = clamp(1.0 + 1.6 * dot(n.xy, normalize(u_lightDir.xy)), 0.55, 1.25);
    float shade = mix(wall * groundShade, relief, up);
    if (u_sun.w > 0.5) {
        // In the sun: roofs and flat ground keep their colour where the sun reaches, walls brighten
        // as they face it; what faces away or lies in a shadow keeps the sky's light.
        float direct = clamp(dot(n, u_sun.xyz), 0.0, 1.0);
        float lit = direct > 0.0 ? sunlit() : 0.0;
        float roof = mix(kShadowShade, 1.0, lit);
        float side = (kShadowShade + (1.0 - kShadowShade) * min(1.0, 1.3 * direct) * lit) * groundShade;
        shade = mix(side, roof, up);
    }
    vec3 rgb = v_color.rgb * shade;
    if (u_edge > 0.5) rgb = ownEdge ? u_edgeColor.rgb : v_color.rgb * 0.55;
    if (v_selected > 0.5) {
        // Hatched in the highlight colour: no palette colour looks like it, whatever the feature's.
        float stripe = step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / 10.0));
        rgb = mix(u_highlightColor, vec3(1.0), 0.55 * stripe) * mix(shade, 1.0, 0.5);
    }
    gl_FragColor = vec4(underSky(rgb), (ownEdge ? u_edgeColor.a : v_color.a) * u_opacity);
}
