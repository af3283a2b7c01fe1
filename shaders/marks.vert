// Marks (the 日照分析's points): a dot of the vertex's colour, its diameter a share of the whole
// image's height so a 720p window and an 8K still look alike, at least 3 pixels.
#version 130

uniform float u_imageHeight;   // pixels of the whole image

out vec4 v_color;

void main()
{
    v_color = gl_Color;
    gl_PointSize = max(3.0, 0.0065 * u_imageHeight);
    gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
}
