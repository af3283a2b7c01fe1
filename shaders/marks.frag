// Marks: a disc of the colour with a darker rim, so neighbouring dots and the wall behind read apart.
#version 130

in vec4 v_color;

void main()
{
    float r = length(gl_PointCoord - vec2(0.5)) * 2.0;
    if (r > 1.0) discard;
    vec3 rgb = mix(v_color.rgb, v_color.rgb * 0.45, smoothstep(0.72, 0.88, r));
    gl_FragColor = vec4(rgb, 1.0);
}
