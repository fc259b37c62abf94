"""Drives a fake-hardware node through its life with openstacksdk (Debian python3-openstacksdk).

Usage: /usr/bin/python3 openstacksdk-flow.py ENDPOINT
Prints one JSON object: the states seen after each step and the error messages of the error paths.
"""
import json
import sys

import openstack
from openstack import exceptions

endpoint = sys.argv[1]
conn = openstack.connect(auth_type='none', baremetal_endpoint_override=endpoint)
bm = conn.baremetal
seen = {}

# openstacksdk 0.101 creates in enroll, then runs manage + provide and waits: the node ends available.
node = bm.create_node(driver='fake-hardware', name='sdk-node-1')
seen['created'] = node.provision_state
port = bm.create_port(node_uuid=node.id, address='52:54:00:cc:dd:01')
seen['port'] = port.address
seen['validate'] = {k: v.result for k, v in bm.validate_node(node, required=None).items()}
bm.set_node_power_state(node, 'power on', wait=True, timeout=30)
seen['power_on'] = bm.get_node(node).power_state
bm.set_node_boot_device(node, 'pxe')
seen['boot_device'] = bm.get(f'/nodes/{node.id}/management/boot_device').json()['boot_device']
for verb, expected in (('manage', 'manageable'), ('inspect', 'manageable'), ('provide', 'available'),
                       ('active', 'active'), ('deleted', 'available')):
    node = bm.set_node_provision_state(node, verb, wait=True, timeout=60)
    seen[verb] = node.provision_state
bm.set_node_maintenance(node, reason='sdk says so')
seen['maintenance'] = [bm.get_node(node).is_maintenance, bm.get_node(node).maintenance_reason]
bm.unset_node_maintenance(node)
seen['listed'] = [n.name for n in bm.nodes()]
bm.delete_node(node)

errors = {}
try:
    bm.get_node('sdk-missing')
except exceptions.NotFoundException as e:
    errors['404'] = str(e)
other = bm.create_node(driver='fake-hardware', name='sdk-node-2')
try:
    bm.set_node_provision_state(other, 'provide')
except exceptions.BadRequestException as e:
    errors['400'] = str(e)
try:
    bm.create_node(driver='fake-hardware', name='sdk-node-2')
except exceptions.ConflictException as e:
    errors['409'] = str(e)
bm.delete_node(other)
print(json.dumps({'seen': seen, 'errors': errors}))
