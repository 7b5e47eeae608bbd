var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/health/route.js")
R.c("server/chunks/[externals]__0bwf06g0pqv3h._.js")
R.c("server/chunks/[root-of-the-server]__0p4igxo2a1vrg._.js")
R.c("server/chunks/_0o657vjp4qi4b._.js")
R.c("server/chunks/_next-internal_server_app_api_health_route_actions_1ryftkbeskq31.js")
R.m(61370)
module.exports=R.m(61370).exports
