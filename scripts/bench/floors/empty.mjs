// Reference row of the `version` workload: an empty ES module, i.e. what starting node's ES
// module loader costs on top of `node -e 0`, which every ESM command line program pays.
