package dev.tcpmap.store;

class MemoryHandshakeStoreTest extends HandshakeStoreContract {

  @Override
  protected HandshakeStore newStore(StoreConfig config, int maxHandshakes) {
    return new MemoryHandshakeStore(config, maxHandshakes);
  }
}
