# syntax=docker/dockerfile:1
# One image per Yekuo project (a service or the gateway), chosen with the SERVICE build argument:
#
#   docker build --build-arg SERVICE=planning -t yekuo-planning .
#
# SERVICE is intake, planning, inspection, contracts, metering, notifications or gateway. The image holds that
# project's build output, the workspace libraries it uses and their production dependencies, and
# nothing else: no sources, no tests, no development tools. It runs as the unprivileged `node`
# user. The tree is made by scripts/image/assemble.ts, which a test also runs outside Docker and
# starts as an unprivileged user (scripts/image/image.int-spec.ts).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- manifests: every package.json of the workspace and the lockfile, alone, so the
# dependency install below stays cached until one of them changes
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
  && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents '{}' /manifests \; \
  && cp package-lock.json .npmrc /manifests/

# ---- build: the project and the libraries it references, with the full (development) dependency set
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY --from=manifests /manifests ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'Build with --build-arg SERVICE=<intake|planning|inspection|contracts|metering|notifications|gateway>' >&2; exit 1; }
RUN npm run build --workspace "@yekuo/$SERVICE" \
  && npx tsx scripts/image/assemble.ts "$SERVICE" /tree
# The gateway serves the console at `/` (CONSOLE_DIR, apps/console/dist): static files, no Node code of it.
RUN if [ "$SERVICE" = gateway ]; then \
    npm run build --workspace @yekuo/console && mkdir -p /tree/apps/console && cp -r apps/console/dist /tree/apps/console/dist; \
  fi

# ---- dev-keys: the development key pairs for docker-compose.yml's `keys` container (never in a service image)
FROM ${NODE_IMAGE} AS dev-keys
COPY scripts/image/dev-keys.mjs /opt/yekuo/dev-keys.mjs
ENTRYPOINT ["node", "/opt/yekuo/dev-keys.mjs"]
CMD ["/keys"]

# ---- runtime: the assembled tree only, run by an unprivileged user
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# A container is reached from the others: its services listen on every interface (HOST; the default
# is loopback). Metrics stay on loopback (MANAGEMENT_HOST) unless the deployment sets otherwise.
ENV NODE_ENV=production YEKUO_SERVICE=${SERVICE} HOST=0.0.0.0
LABEL org.opencontainers.image.title="yekuo-${SERVICE}"
WORKDIR /app
COPY --from=build /tree ./
# Writable by the service: development keys it may create and the filesystem document store.
RUN mkdir -p var/keys var/documents && chown -R node:node var
USER node
# PORT, or the project's default port (README, "Ports").
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "const port = process.env.PORT || { gateway: 4000, intake: 4001, planning: 4002, inspection: 4003, contracts: 4004, metering: 4005, notifications: 4006 }[process.env.YEKUO_SERVICE]; fetch('http://127.0.0.1:' + port + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The tree's package.json names <project>/dist/main.js as its main: `node .` starts it.
CMD ["node", "."]
