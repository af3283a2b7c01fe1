// Boundary walls: a vertical gradient, most opaque at the foot and fading out upwards; the outline
// (u_outline = 1) is the same colour, brightened and opaque.
#version 130

in vec4 v_color;
in float v_t;
in float v_selected;

uniform float u_opacity;
uniform float u_compareSide;      // the compare swipe: -1 drawn left of its line, 1 right of it, 0 everywhere
uniform float u_swipe;            // the swipe's line, a share of the whole image's width
uniform float u_imageWidth;       // pixels of the whole image
uniform float u_tileOriginX;      // where the drawn tile begins in the whole image (0 untiled)
uniform float u_outline;
uniform vec3 u_highlightColor;
uniform float u_daylight;         // 1 by day, fading to 0 at night (see SunLighting.h)

void main()
{
    if (v_color.a < 0.004) discard;
    // Compared versions: each only on its side of the swipe (卷帘).
    if (u_compareSide * ((gl_FragCoord.x + u_tileOriginX) / u_imageWidth - u_swipe) < 0.0) discard;
    vec3 rgb = v_color.rgb;
    float alpha;
    if (u_outline > 0.5) {
        rgb = mix(rgb, vec3(1.0), 0.25);
        alpha = 1.0;
    } else {
        rgb = mix(rgb, vec3(1.0), 0.35 * v_t);
        alpha = mix(0.85, 0.12, pow(v_t, 0.7));
    }
    if (v_selected > 0.5) {
        float stripe = step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / 10.0));
        rgb = mix(u_highlightColor, vec3(1.0), 0.55 * stripe);
        alpha = max(alpha, 0.5);
    }
    gl_FragColor = vec4(rgb * mix(vec3(0.30, 0.34, 0.48), vec3(1.0), u_daylight), alpha * v_color.a * u_opacity);
}
