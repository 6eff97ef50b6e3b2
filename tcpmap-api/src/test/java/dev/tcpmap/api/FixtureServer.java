package dev.tcpmap.api;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link ApiFixtures}' server, shared by the tests of one class: started before the first, closed
 * after the last. Register it as a static {@code @RegisterExtension} field.
 */
final class FixtureServer implements BeforeAllCallback, AfterAllCallback {
  private ApiServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = ApiFixtures.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  ApiServer server() {
    return server;
  }
}
