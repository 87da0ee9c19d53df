# The Debian package (included by the top Makefile), built from debian/ with
# dpkg-buildpackage on a copy of the tree, so the tree itself is left as it was.
#h Debian package (docs/install.md):
#h   make deb                $(BUILD)/deb/xskns_VERSION_ARCH.deb (dpkg-buildpackage -us -uc -b on a
#h                           copy in $(BUILD)/deb/src); installs its build-deps first as root
.PHONY: deb

DEB_DIR := $(BUILD)/deb

deb: deps-deb
	@rm -rf $(DEB_DIR)/src && mkdir -p $(DEB_DIR)/src/xskns
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			xargs -0 cp --parents -t $(DEB_DIR)/src/xskns; \
	else \
		tar -c --exclude=./build --exclude='./$(BUILD)' --exclude=./vm/cache --exclude='./results/*/' . | \
			tar -x -C $(DEB_DIR)/src/xskns; \
	fi
	@# The package's make sees none of this one's variables: BUILD=/x here would be the
	@# folder its `make clean` removes.
	cd $(DEB_DIR)/src/xskns && dpkg-checkbuilddeps && \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u RESULTS -u PREFIX -u DESTDIR \
		dpkg-buildpackage -us -uc -b >../build.log 2>&1 || { tail -n 30 ../build.log >&2; exit 1; }
	@rm -f $(DEB_DIR)/*.deb $(DEB_DIR)/*.buildinfo $(DEB_DIR)/*.changes
	@mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/src/*.buildinfo $(DEB_DIR)/src/*.changes $(DEB_DIR)/
	@mv $(DEB_DIR)/src/build.log $(DEB_DIR)/build.log
	@rm -rf $(DEB_DIR)/src
	@echo "make deb: $$(ls $(DEB_DIR)/*.deb | tr '\n' ' ')(log: $(DEB_DIR)/build.log)"
