:HL["/_next/static/chunks/2dt_4q6kr4hc5.css","style"]
2:[["children",{"s":"__PAGE__","h":160}]]
1:[["children",{"s":"/_not-found","h":96,"c":"$Q2"}]]
0:{"b":"rKrhSsnsdJs2QR76JeGlC","t":{"t":{"s":"","h":80,"c":"$Q1"}}}
