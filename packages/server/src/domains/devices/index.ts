export { DevicesService, DeviceProofRefused, type ProvenRequest } from "./service.ts";
export { createDevicesStore } from "./store.ts";
export { devicesRoutes, provenRequest } from "./routes.ts";
export { devices } from "./tables.ts";
