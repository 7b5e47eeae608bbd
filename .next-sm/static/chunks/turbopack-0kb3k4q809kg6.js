(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(["object"==typeof document?document.currentScript:void 0,{otherChunks:["static/chunks/3oph95xzg0ek8.js","static/chunks/3liwhjx6yxhju.js"],runtimeModuleIds:[69269]}]);

//# sourceMappingURL=2o75p8sdyycvy.js.map