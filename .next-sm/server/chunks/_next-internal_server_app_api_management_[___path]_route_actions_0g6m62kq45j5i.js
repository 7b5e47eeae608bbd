module.exports=[40758,(e,o,d)=>{}];

//# sourceMappingURL=_next-internal_server_app_api_management_%5B___path%5D_route_actions_0g6m62kq45j5i.js.map