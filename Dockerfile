# dockmedic in a container: the single executable and the C libraries it links against, nothing else
# (no shell, no Node). Built from local parts by `npm run build:image`, which stages build/image/rootfs.
#   docker run --rm -it -v /var/run/docker.sock:/var/run/docker.sock dockmedic:local
FROM scratch
COPY rootfs/ /
ENV HOME=/root XDG_CACHE_HOME=/tmp/cache LANG=C.UTF-8
ENTRYPOINT ["/usr/local/bin/dockmedic"]
