var R=require("../../../../chunks/[turbopack]_runtime.js")("server/app/api/management/[...path]/route.js")
R.c("server/chunks/[externals]__0bwf06g0pqv3h._.js")
R.c("server/chunks/[root-of-the-server]__0p4igxo2a1vrg._.js")
R.c("server/chunks/_1qjg15smxlmh0._.js")
R.c("server/chunks/_next-internal_server_app_api_management_[___path]_route_actions_0g6m62kq45j5i.js")
R.m(39099)
module.exports=R.m(39099).exports
