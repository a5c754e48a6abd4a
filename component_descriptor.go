package thingsboard

// ComponentDescriptorService reads rule node component descriptors. See Client.ComponentDescriptors.
type ComponentDescriptorService service
