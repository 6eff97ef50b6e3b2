package dev.tcpmap.store;

class MemoryRollupStoreTest extends RollupStoreContract {

  @Override
  protected RollupStore newStore(StoreConfig config) {
    return new MemoryRollupStore(config);
  }
}
