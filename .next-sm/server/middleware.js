var R=require("./chunks/[turbopack]_runtime.js")("server/middleware.js")
R.c("server/chunks/[externals]__0t-mnbg8b8ghn._.js")
R.c("server/chunks/[root-of-the-server]__1z2mv_4lkoix_._.js")
R.m(62395)
module.exports=R.m(62395).exports
