// Feature surfaces. Roofs and flat polygons keep the feature's exact style colour, as on a printed
// planning map (the top-view GeoTIFF relies on it); walls are shaded by their orientation to the
// light and darkened near the ground. The selected feature is hatched in the highlight colour.
#version 130

in vec4 v_color;
flat in vec3 v_normal;
in float v_height;
in float v_selected;

uniform float u_opacity;          // the layer's opacity, 0..1
uniform vec3 u_lightDir;          // towards the light, scene frame (x east, y north, z up)
uniform vec3 u_highlightColor;
uniform float u_edge;             // 1 when drawing parcel edges: a darker shade of the feature colour
uniform vec4 u_edgeColor;         // the style's own outline colour (a QGIS symbol's); alpha 0 = the darker shade

void main()
{
    bool ownEdge = u_edge > 0.5 && u_edgeColor.a > 0.0;
    if (v_color.a < 0.004 && !ownEdge) discard;
    vec3 n = normalize(v_normal);
    float up = clamp(n.z, 0.0, 1.0);
    vec2 side = n.xy / max(length(n.xy), 1e-6);
    float facing = dot(side, normalize(u_lightDir.xy));
    float wall = 0.70 + 0.20 * facing;
    float groundShade = mix(0.78, 1.0, clamp(v_height / 12.0, 0.0, 1.0));
    float shade = mix(wall * groundShade, 1.0, up);
    vec3 rgb = v_color.rgb * shade;
    if (u_edge > 0.5) rgb = ownEdge ? u_edgeColor.rgb : v_color.rgb * 0.55;
    if (v_selected > 0.5) {
        // Hatched in the highlight colour: no palette colour looks like it, whatever the feature's.
        float stripe = step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / 10.0));
        rgb = mix(u_highlightColor, vec3(1.0), 0.55 * stripe) * mix(shade, 1.0, 0.5);
    }
    gl_FragColor = vec4(rgb, (ownEdge ? u_edgeColor.a : v_color.a) * u_opacity);
}
