export { AuditLog, type AuditEntry } from "./auditLog.ts";
export { Checkpoints, checkpointSignatureValid, type ChainOwner } from "./checkpoints.ts";
export { CheckpointSigner } from "./signer.ts";
export { DenialAggregator } from "./denialAggregator.ts";
export { verifyChain, type ChainReport } from "./verifier.ts";
export { auditRoutes } from "./routes.ts";
export { csvCell } from "./exportFormats.ts";
