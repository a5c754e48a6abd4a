package thingsboard

import (
	"context"
	"io"
	"net/http"
)

// ImageService manages images. See Client.Images.
//
// An image is a resource of type IMAGE; read and delete it with Client.Resources.
type ImageService service

// ImageUploadOptions tune Images.Upload.
type ImageUploadOptions struct {
	// Title is the image's title; the server uses the file name when it is empty.
	Title string
	// ContentType is the image's media type; when empty it is guessed from the file
	// name's extension, then from the data.
	ContentType string
	// SubType is IMAGE (the default) or SCADA_SYMBOL.
	SubType ResourceSubType
}

// Upload stores the image read from r under the file name fileName and returns its
// description. The server keeps the whole image; it refuses images larger than the
// tenant's limit.
//
//tb:operation POST /api/image
func (s *ImageService) Upload(ctx context.Context, fileName string, r io.Reader, opts *ImageUploadOptions) (*TBResourceInfo, error) {
	var o ImageUploadOptions
	if opts != nil {
		o = *opts
	}
	body, err := resourceMultipart(resourceFile{field: "file", fileName: fileName, contentType: o.ContentType, data: r},
		"title", o.Title, "imageSubType", string(o.SubType))
	if err != nil {
		return nil, err
	}
	out := new(TBResourceInfo)
	if err := s.client.send(ctx, &request{method: http.MethodPost, path: "/api/image", body: body, out: out}); err != nil {
		return nil, err
	}
	return out, nil
}
