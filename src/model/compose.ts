/** The labels Docker Compose puts on the containers of a project (v1 and v2 alike; depends_on by v2 only). */
export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';
/** Written by Compose v2: "db:service_healthy:false,cache:service_started:false". */
export const COMPOSE_DEPENDS_ON = 'com.docker.compose.depends_on';
