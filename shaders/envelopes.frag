// Height-limit envelopes: one pale blue at a constant alpha, so that overlapping faces blend alike in
// any order (no sorting of the faces is needed); walls shaded a little by the way they face, so the
// box reads as a volume. Edges (u_outline = 1) are darker, red and nearly opaque on a box its
// building breaks.
#version 130

flat in vec3 v_normal;
in float v_exceeded;

uniform float u_outline;
uniform vec3 u_lightDir;          // towards the everyday light (see SunLighting.h)
uniform float u_daylight;         // 1 by day, fading to 0 at night

uniform vec3 u_fill;              // kEnvelopeFill, kEnvelopeEdge, kEnvelopeExceeded (EnvelopeBuilder.h)
uniform vec3 u_edge;
uniform vec3 u_edgeExceeded;

const float kFillAlpha = 0.30;

void main()
{
    vec3 rgb;
    float alpha;
    if (u_outline > 0.5) {
        rgb = mix(u_edge, u_edgeExceeded, step(0.5, v_exceeded));
        alpha = mix(0.6, 0.95, step(0.5, v_exceeded));
    } else {
        vec3 n = normalize(v_normal);
        vec2 side = n.xy / max(length(n.xy), 1e-6);
        float facing = dot(side, normalize(u_lightDir.xy));
        rgb = u_fill * mix(0.86 + 0.10 * facing, 1.0, clamp(n.z, 0.0, 1.0));
        alpha = kFillAlpha;
    }
    gl_FragColor = vec4(rgb * mix(vec3(0.30, 0.34, 0.48), vec3(1.0), u_daylight), alpha);
}
