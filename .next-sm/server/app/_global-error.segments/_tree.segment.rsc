1:[["children",{"s":"__PAGE__","h":176}]]
0:{"b":"rKrhSsnsdJs2QR76JeGlC","t":{"t":{"s":"","h":80,"c":"$Q1"}}}
