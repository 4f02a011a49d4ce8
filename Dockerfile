# The sync server (docs/SERVER.md). Build from the repository root:
#   docker build -t waypoint-server .
# Three stages: build the JavaScript with the full toolchain, install production dependencies
# alone, and a runtime image with only those two, run as the unprivileged `node` user.

FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts off: the build needs none (Electron's would download its binary).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.node.json ./
COPY scripts/build-server.ts scripts/
COPY src/server src/server
COPY src/shared src/shared
RUN npm run build:server

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    WAYPOINT_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist-server ./dist-server
COPY package.json ./
# PGlite's data directory (unused with DATABASE_URL); mount a volume here.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# Ready means the database answers and is migrated. Plain HTTP unless TLS_CERT_FILE is set
# (then HTTPS; the certificate names the public host, not 127.0.0.1, so it is not verified here).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require(process.env.TLS_CERT_FILE ? 'https' : 'http').get({ host: '127.0.0.1', port: process.env.PORT, path: '/readyz', rejectUnauthorized: false, timeout: 4000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"]
# SIGTERM: the server stops accepting, closes streams and finishes in-flight requests (at most 30 s).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist-server/main.mjs"]
