// Imported first by benchmarks: per-batch info logs would cost more than what is being measured.
process.env.LOG_LEVEL ??= "warn";
