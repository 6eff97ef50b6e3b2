# Sourced by ./mvnw, ./tcpmap and ./run-tests: finds a JDK 25 and exports JAVA_HOME.
# Looks, in order, at $TCPMAP_JAVA_HOME, $JAVA_HOME, /usr/lib/jvm/*, /opt/java/*, ~/.sdkman and
# ~/.jdks; takes the first whose `java -version` reports major version 25.
tcpmap_find_jdk() {
  local candidates=() dir major
  [ -n "${TCPMAP_JAVA_HOME:-}" ] && candidates+=("$TCPMAP_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for dir in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    major=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')
    if [ "$major" = "25" ]; then
      export JAVA_HOME="$dir"
      return 0
    fi
  done
  {
    echo "tcpmap: no JDK 25 found."
    echo "  looked at: \$TCPMAP_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*, /opt/java/*, ~/.sdkman/candidates/java/*, ~/.jdks/*"
    echo "  install one (e.g. Temurin 25) or point TCPMAP_JAVA_HOME at it."
  } >&2
  return 1
}
