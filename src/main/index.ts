// Placeholder so the main build succeeds until the Electron main process lands here.
export {}
