// Pins: the pole is a plain line; the head (u_head = 1) is a disc with a white rim, cut from the
// point sprite.
#version 130

in vec4 v_color;
in float v_selected;

uniform float u_opacity;
uniform float u_head;
uniform vec3 u_highlightColor;

void main()
{
    if (v_color.a < 0.004) discard;
    vec3 rgb = v_color.rgb;
    if (v_selected > 0.5) rgb = u_highlightColor;
    if (u_head > 0.5) {
        float r = length(gl_PointCoord - vec2(0.5)) * 2.0;
        if (r > 1.0) discard;
        float rim = smoothstep(0.62, 0.72, r);
        rgb = mix(rgb, vec3(1.0), rim);
        float edge = 1.0 - smoothstep(0.9, 1.0, r);
        gl_FragColor = vec4(mix(vec3(0.15), rgb, edge), v_color.a * u_opacity);
    } else {
        gl_FragColor = vec4(rgb * 0.6, v_color.a * u_opacity);
    }
}
