// Pins: the pole is a plain line; the head (u_head = 1) is a disc of the status colour in a white ring
// and a dark outline, cut from the point sprite: it reads on any ground, a red pin on a red parcel too.
#version 130

in vec4 v_color;
in float v_selected;
in float v_pointSize;   // the head's diameter, pixels

uniform float u_opacity;
uniform float u_compareSide;      // the compare swipe: -1 drawn left of its line, 1 right of it, 0 everywhere
uniform float u_swipe;            // the swipe's line, a share of the whole image's width
uniform float u_imageWidth;       // pixels of the whole image
uniform float u_tileOriginX;      // where the drawn tile begins in the whole image (0 untiled)
uniform float u_head;
uniform vec3 u_highlightColor;

void main()
{
    if (v_color.a < 0.004) discard;
    // Compared versions: each only on its side of the swipe (卷帘).
    if (u_compareSide * ((gl_FragCoord.x + u_tileOriginX) / u_imageWidth - u_swipe) < 0.0) discard;
    vec3 rgb = v_color.rgb;
    if (v_selected > 0.5) rgb = u_highlightColor;
    if (u_head > 0.5) {
        float r = length(gl_PointCoord - vec2(0.5)) * 2.0;
        if (r > 1.0) discard;
        // From the edge in: a dark outline and a white ring, each a sixth of the radius but at least
        // a pixel and a half (aa: the share of the radius a pixel spans), then the colour; crisp at
        // any size.
        float aa = 2.0 / max(v_pointSize, 1.0);
        float band = max(0.17, 1.5 * aa);
        float dark = smoothstep(1.0 - band - aa, 1.0 - band, r);
        float white = smoothstep(1.0 - 2.0 * band - aa, 1.0 - 2.0 * band, r);
        rgb = mix(mix(rgb, vec3(1.0), white), vec3(0.1), dark);
        float coverage = 1.0 - smoothstep(1.0 - aa, 1.0, r);
        gl_FragColor = vec4(rgb, v_color.a * u_opacity * coverage);
    } else {
        gl_FragColor = vec4(rgb * 0.6, v_color.a * u_opacity);
    }
}
