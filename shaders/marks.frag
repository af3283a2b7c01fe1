// Marks: a square dot of the colour (no sprite, no discard: llvmpipe draws a hundred thousand of
// them in a fraction of the time round ones take).
#version 130

in vec4 v_color;

void main()
{
    gl_FragColor = vec4(v_color.rgb, 1.0);
}
