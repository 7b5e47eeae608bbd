globalThis.__BUILD_MANIFEST = {
  "pages": {
    "/_app": []
  },
  "devFiles": [],
  "polyfillFiles": [
    "static/chunks/0cz1d0mv5g_q7.js"
  ],
  "lowPriorityFiles": [
    "static/rKrhSsnsdJs2QR76JeGlC/_buildManifest.js",
    "static/rKrhSsnsdJs2QR76JeGlC/_ssgManifest.js",
    "static/rKrhSsnsdJs2QR76JeGlC/_clientMiddlewareManifest.js"
  ],
  "rootMainFiles": [
    "static/chunks/0d-3arzd3dl7i.js",
    "static/chunks/3c-iibfw6i9tw.js",
    "static/chunks/2v8dj2uej4-bc.js",
    "static/chunks/turbopack-0zq_vp9s-5ndp.js"
  ],
  "rootMainFilesTree": {},
  "pagesChunkGroupBootstrapParams": {
    "/page": {
      "otherChunks": [
        "static/chunks/0d-3arzd3dl7i.js",
        "static/chunks/3c-iibfw6i9tw.js",
        "static/chunks/2v8dj2uej4-bc.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    },
    "/_not-found/page": {
      "otherChunks": [
        "static/chunks/0d-3arzd3dl7i.js",
        "static/chunks/3c-iibfw6i9tw.js",
        "static/chunks/2v8dj2uej4-bc.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    },
    "/_global-error/page": {
      "otherChunks": [
        "static/chunks/0d-3arzd3dl7i.js",
        "static/chunks/3c-iibfw6i9tw.js",
        "static/chunks/2v8dj2uej4-bc.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    }
  },
  "chunkLoadingGlobal": "TURBOPACK"
};
