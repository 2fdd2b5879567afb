export async function stopTestTemporal(): Promise<void> {}
