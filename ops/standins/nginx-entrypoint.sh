#!/bin/sh
# The official nginx image's start-up (20-envsubst-on-templates.sh): every
# /etc/nginx/templates/*.template rendered into /etc/nginx/conf.d/ with envsubst, only the
# variables defined in the environment replaced ($host and the like stay nginx's).
set -eu
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
  suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
  output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
  if [ -d "$template_dir" ]; then
    defined_envs=$(printf '${%s} ' $(awk 'END { for (name in ENVIRON) { print name } }' < /dev/null))
    find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
      relative_path="${template#"$template_dir/"}"
      output_path="$output_dir/${relative_path%"$suffix"}"
      mkdir -p "$(dirname "$output_path")"
      echo "$0: rendering $template to $output_path"
      envsubst "$defined_envs" < "$template" > "$output_path"
    done
  fi
  echo "$0: ready for start up"
fi
exec "$@"
