module.exports=[30593,a=>{"use strict";a.s(["f",0,["#0284c7","#d97706","#059669","#c026d3"]])}];

//# sourceMappingURL=components_field-chart-colours_ts_1qp5ywe83qj7h._.js.map