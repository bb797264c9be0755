# Sourced by the eval/<stage>/run.sh gates.
#
#   data="$(shared_data NAME FILE [DIR])"
#
# prints the folder of data set NAME (DIR when given, else
# ../shared/data/NAME beside the repository) after checking that it holds
# FILE; when it does not, it says so and the gate stops with status 2: a
# gate never passes without its data.
shared_data() {
  local name="$1" file="$2" dir="${3:-}"
  if [ -z "$dir" ]; then
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/data/$name"
  fi
  if [ ! -e "$dir/$file" ]; then
    echo "no $name data at $dir ($file is missing)" >&2
    exit 2
  fi
  (cd "$dir" && pwd)
}
