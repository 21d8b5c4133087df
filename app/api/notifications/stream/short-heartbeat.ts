// Imported first by the stream lifecycle test, before the hub reads its configuration.
process.env.SSE_HEARTBEAT_SECONDS = "1";
