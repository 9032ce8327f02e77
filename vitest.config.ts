import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests start real Chromium; two cores here, so keep files from competing.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NO_COLOR: "1" },
  },
});
