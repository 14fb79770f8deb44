# One image for every Plexus process; docker-compose.yml picks the subcommand.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# patch-package applies these at install: see patches/README.md.
COPY patches ./patches
# better-sqlite3 builds from source (python3, make and g++ are in the bookworm image).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
ENTRYPOINT ["node", "bin/plexus.js"]
