/**
 * Local images that labs and helper containers run, tried in order and never pulled: the one the
 * project builds offline from busybox-static, then a plain busybox an operator may have loaded.
 */
export const LOCAL_BUSYBOX_IMAGES = ['dockmedic/busybox:local', 'busybox'] as const;

/** The Node.js runtime image the project builds offline from the host's node (scripts/engine-up.sh). */
export const NODE_IMAGE = 'dockmedic/node:local';
