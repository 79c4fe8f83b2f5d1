# syntax=docker/dockerfile:1
# One image for every Yekuo process (the services and the gateway); docker-compose.yml
# picks the command per container, e.g. `node services/intake/dist/main.js`.
# When a service joins the workspaces, add its package.json to both manifest blocks
# and its dist to the runtime stage.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every workspace compiled with the full (dev) dependency set
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true
# Manifests first, so `npm ci` stays cached until a dependency changes.
COPY package.json package-lock.json .npmrc ./
COPY libs/shared/package.json libs/shared/
COPY services/intake/package.json services/intake/
COPY services/planning/package.json services/planning/
COPY services/inspection/package.json services/inspection/
COPY services/contracts/package.json services/contracts/
COPY services/metering/package.json services/metering/
COPY gateway/package.json gateway/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- deps: production dependencies only
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY libs/shared/package.json libs/shared/
COPY services/intake/package.json services/intake/
COPY services/planning/package.json services/planning/
COPY services/inspection/package.json services/inspection/
COPY services/contracts/package.json services/contracts/
COPY services/metering/package.json services/metering/
COPY gateway/package.json gateway/
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/libs/shared/package.json libs/shared/
COPY --from=build /app/libs/shared/dist libs/shared/dist
# Policy and calendar data (time limits, working days) are read at boot.
COPY --from=build /app/libs/shared/data libs/shared/data
COPY --from=build /app/services/intake/package.json services/intake/
COPY --from=build /app/services/intake/dist services/intake/dist
COPY --from=build /app/services/planning/package.json services/planning/
COPY --from=build /app/services/planning/dist services/planning/dist
COPY --from=build /app/services/inspection/package.json services/inspection/
COPY --from=build /app/services/inspection/dist services/inspection/dist
COPY --from=build /app/services/contracts/package.json services/contracts/
COPY --from=build /app/services/contracts/dist services/contracts/dist
COPY --from=build /app/services/metering/package.json services/metering/
COPY --from=build /app/services/metering/dist services/metering/dist
COPY --from=build /app/gateway/package.json gateway/
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/gateway/supergraph.graphql gateway/
RUN mkdir -p var/keys var/documents && chown -R node:node var
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node", "gateway/dist/main.js"]
